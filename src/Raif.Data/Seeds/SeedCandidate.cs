namespace Raif.Data.Seeds;

/// <summary>Where a seed came from: the input file as given and its 1-based line (JSONL) or row (Parquet).</summary>
public sealed record SeedSource(string File, long Line);

/// <summary>One normalised instruction read from an input file, before selection.</summary>
public sealed record SeedCandidate(string Text, SeedSource Source);
