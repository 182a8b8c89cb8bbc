using Raif.Core.Jsonl;

namespace Raif.Verifiers.IfEval;

/// <summary>Strict and loose results for a whole input file, in input order.</summary>
public sealed record IfevalRunResult(IReadOnlyList<IfevalResult> Strict, IReadOnlyList<IfevalResult> Loose)
{
    /// <summary>Checks that raise in the reference code, counted as not followed, by input key, in input order.</summary>
    public IReadOnlyList<(string Key, RaisedCheck Check)> Raised { get; init; } = [];
}

/// <summary>
/// Evaluates every input against its response (matched by prompt text, as the official evaluator does), on all
/// cores. Every instruction is compiled before anything is evaluated, so a bad argument fails fast with the file
/// and line of its input.
/// </summary>
public static class IfevalRun
{
    public static IfevalRunResult Evaluate(
        IfevalEvaluator evaluator,
        IReadOnlyList<IfevalInput> inputs,
        IReadOnlyDictionary<string, string> responses,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default,
        int? maxDegreeOfParallelism = null)
    {
        var sets = new IfevalInstructionSet[inputs.Count];
        var texts = new string[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (!responses.TryGetValue(input.Prompt, out var response))
                throw new InvalidDataException(
                    $"{Where(input)}no response for key {input.Key}: no response line has exactly its prompt \"{Abbreviate(input.Prompt)}\"");
            texts[i] = response;
            try
            {
                sets[i] = evaluator.Compile(input.InstructionIds, input.Kwargs);
            }
            catch (IfevalArgumentException e) when (input.Source.Length > 0)
            {
                throw new JsonlException(input.Source, input.Line, "kwargs", $"key {input.Key}: {e.Message}", e);
            }
        }

        var strict = new IfevalResult[inputs.Count];
        var loose = new IfevalResult[inputs.Count];
        var raised = new IReadOnlyList<RaisedCheck>[inputs.Count];
        int done = 0;
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        Parallel.For(0, inputs.Count, parallel, i =>
        {
            var input = inputs[i];
            var verdicts = evaluator.Follow(sets[i], texts[i]);
            strict[i] = new IfevalResult(input.InstructionIds, input.Prompt, texts[i], verdicts.Strict);
            loose[i] = new IfevalResult(input.InstructionIds, input.Prompt, texts[i], verdicts.Loose);
            raised[i] = verdicts.Raised;
            int n = Interlocked.Increment(ref done);
            progress?.Report(n);
        });
        var allRaised = new List<(string, RaisedCheck)>();
        for (int i = 0; i < inputs.Count; i++)
            allRaised.AddRange(raised[i].Select(r => (inputs[i].Key, r)));
        return new IfevalRunResult(strict, loose) { Raised = allRaised };
    }

    private static string Where(IfevalInput input) => input.Source.Length > 0 ? $"{input.Source}:{input.Line}: " : "";

    private static string Abbreviate(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
