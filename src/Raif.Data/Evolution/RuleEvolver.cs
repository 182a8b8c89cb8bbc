using Raif.Data.Seeds;
using Raif.Data.Stages;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Evolution;

/// <summary>
/// Evolution with code-verifiable constraints (spec §3.2), offline: for each record index a seeded generator picks
/// a seed, a composition, a size and a conflict-free combination of that size uniformly from all valid ones, fills
/// the arguments (<see cref="ArgumentFiller"/>), words the constraints in the seed's language and renders the
/// prompt. Record i depends only on (random seed, i), so the output is reproducible. Every constraint is built
/// with the verifiers' registry before it is written: an argument a checker rejects is a bug, not a record.
/// </summary>
public sealed class RuleEvolver
{
    private const int AttemptsPerRecord = 32;

    private readonly IReadOnlyList<Seed> _seeds;
    private readonly EvolveOptions _options;
    private readonly Dictionary<string, Dictionary<int, IReadOnlyList<string[]>>> _combinations = [];
    private readonly IfevalOptions _checkerOptions;

    public RuleEvolver(IReadOnlyList<Seed> seeds, EvolveOptions options)
    {
        options.Validate();
        if (seeds.Count == 0)
            throw new ArgumentException("no seed instructions to evolve");
        _seeds = seeds;
        _options = options;
        _checkerOptions = new IfevalOptions(options.Variant);
        foreach (var language in seeds.Select(s => s.Language).Distinct())
        {
            if (language is not (Seed.English or Seed.Chinese))
                throw new ArgumentException($"offline evolution words constraints in English or Chinese only; a seed has language '{language}'");
            var pool = ConstraintPool.For(language, options.Variant, options.IncludeXml);
            var bySize = new Dictionary<int, IReadOnlyList<string[]>>();
            for (int size = 1; size <= options.MaxConstraints; size++)
                bySize[size] = Combinations.Valid(pool, size, ConflictTable.Default);
            _combinations[language] = bySize;
        }
    }

    /// <summary>Valid combinations per language and size (the paper reports 210 for its pool and size).</summary>
    public IReadOnlyDictionary<string, Dictionary<int, IReadOnlyList<string[]>>> ValidCombinations => _combinations;

    /// <summary>The record for one index, or null when no attempt produced one (a seed too short for its draw).</summary>
    public EvolvedRecord? Evolve(long index)
    {
        var rng = SplitMix64.For(_options.RandomSeed, index);
        return Evolve(rng.Pick(_seeds), rng, null);
    }

    /// <summary>
    /// The record for <paramref name="seed"/> drawn with <paramref name="rng"/>; the semantic arguments come from
    /// <paramref name="words"/> when given (a model's proposal), else from the seed's own words.
    /// </summary>
    internal EvolvedRecord? Evolve(Seed seed, SplitMix64 rng, SemanticWords? words)
    {
        var composition = PickComposition(rng);
        var active = Draw(seed, rng, _options.MinConstraints, _options.MaxConstraints, words);
        if (active is null)
            return null;
        var describer = ConstraintDescriber.Default;
        var descriptions = active.Select(c => describer.Describe(c, seed.Language)).ToList();
        string instruction;
        switch (composition)
        {
            case Composition.Chain:
                instruction = InstructionComposer.Chain(seed, descriptions);
                break;
            case Composition.Selection:
                var inactive = Draw(seed, rng, 1, Math.Min(2, _options.MaxConstraints), words);
                if (inactive is null)
                {
                    composition = Composition.And;
                    instruction = InstructionComposer.And(seed, descriptions);
                    break;
                }
                var condition = InstructionComposer.PickCondition(seed, _seeds, rng);
                instruction = InstructionComposer.Selection(seed, condition, descriptions,
                    [.. inactive.Select(c => describer.Describe(c, seed.Language))]);
                break;
            default:
                instruction = InstructionComposer.And(seed, descriptions);
                break;
        }
        string input = RecordInput.Render(_options.Template, _options.CotTrigger, instruction);
        string target = EvolvedRecord.TargetJson(active);
        string id = ContentId.Of(input, target, _options.Task);
        return new EvolvedRecord(id, input, target, _options.Task, instruction, seed.Id, seed.Language, composition, active);
    }

    /// <summary>
    /// Distinct records (by id) in index order until <see cref="EvolveOptions.Count"/>; fails when the seeds cannot
    /// give that many distinct records.
    /// </summary>
    public IEnumerable<EvolvedRecord> Generate(IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long index = 0;
        long limit = Math.Max(1000, 20L * _options.Count);
        while (seen.Count < _options.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index >= limit)
                throw new InvalidOperationException(
                    $"only {seen.Count} distinct records after {index} draws (asked for {_options.Count}): give more or longer seeds, or allow more constraints per record");
            var record = Evolve(index++);
            if (record is null || !seen.Add(record.Id))
            {
                continue;
            }
            if ((seen.Count & 1023) == 0)
                progress?.Report(seen.Count);
            yield return record;
        }
        progress?.Report(seen.Count);
    }

    private Composition PickComposition(SplitMix64 rng)
    {
        double total = _options.AndWeight + _options.ChainWeight + _options.SelectionWeight;
        double u = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
        if (u < _options.AndWeight)
            return Composition.And;
        return u < _options.AndWeight + _options.ChainWeight ? Composition.Chain : Composition.Selection;
    }

    private Constraint[]? Draw(Seed seed, SplitMix64 rng, int minSize, int maxSize, SemanticWords? words)
    {
        var bySize = _combinations[seed.Language];
        for (int attempt = 0; attempt < AttemptsPerRecord; attempt++)
        {
            int size = (int)rng.Between(minSize, maxSize);
            var combos = bySize[size];
            if (combos.Count == 0)
                continue;
            var constraints = ArgumentFiller.Fill(combos[rng.Next(combos.Count)], seed, rng, words);
            if (constraints is null)
                continue;
            constraints = [.. rng.Shuffled(constraints)];
            foreach (var c in constraints)
            {
                try
                {
                    InstructionRegistry.Default.Create(c.Id, c.KwargsElement(), _checkerOptions);
                }
                catch (IfevalArgumentException e)
                {
                    throw new InvalidOperationException($"evolution produced arguments the checker rejects: {e.Message}", e);
                }
            }
            return constraints;
        }
        return null;
    }
}
