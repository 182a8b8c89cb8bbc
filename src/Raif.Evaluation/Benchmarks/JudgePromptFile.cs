namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// Where a benchmark whose judge prompt Raif may not ship (CFBench, FB-Bench) finds it when none is given on the
/// command line: <c>judge_prompt.txt</c> in the benchmark's data folder (docs/evaluation.md shows how to extract it).
/// </summary>
public static class JudgePromptFile
{
    public const string FileName = "judge_prompt.txt";

    public static string? TryRead(string dataDir)
    {
        string path = Path.Combine(dataDir, FileName);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
