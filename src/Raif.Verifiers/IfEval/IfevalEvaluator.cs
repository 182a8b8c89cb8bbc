using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval;

/// <summary>
/// IFEval's strict and loose evaluation (google-research <c>evaluation_lib</c>). A blank response (only Python
/// whitespace) follows nothing. Strict checks the response; loose counts an instruction as followed when any of
/// the eight <see cref="LooseVariants"/> that is not blank passes. Immutable, thread-safe and reusable.
/// </summary>
public sealed class IfevalEvaluator
{
    private readonly IfevalOptions _options;
    private readonly InstructionRegistry _registry;

    public IfevalEvaluator(IfevalOptions? options = null, InstructionRegistry? registry = null)
    {
        _options = options ?? new IfevalOptions();
        _registry = registry ?? InstructionRegistry.Default;
    }

    public IfevalOptions Options => _options;

    /// <summary>
    /// Validates and compiles one prompt's instructions up front: an unknown id or a missing or ill-typed argument is
    /// an <see cref="IfevalArgumentException"/> naming it; the two lists must have the same length.
    /// </summary>
    public IfevalInstructionSet Compile(IReadOnlyList<string> instructionIds, IReadOnlyList<JsonElement> kwargs)
    {
        ArgumentNullException.ThrowIfNull(instructionIds);
        ArgumentNullException.ThrowIfNull(kwargs);
        if (instructionIds.Count != kwargs.Count)
            throw new ArgumentException(
                $"{instructionIds.Count} instruction ids but {kwargs.Count} kwargs objects: they must pair up one to one", nameof(kwargs));
        var checkers = new IInstructionChecker[instructionIds.Count];
        for (int i = 0; i < checkers.Length; i++)
            checkers[i] = _registry.Create(instructionIds[i], kwargs[i], _options);
        return new IfevalInstructionSet([.. instructionIds], checkers);
    }

    /// <summary>Strict verdicts, one per instruction.</summary>
    public bool[] FollowStrict(IfevalInstructionSet set, string response)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(response);
        var verdicts = new bool[set.Count];
        if (PyStr.Strip(response).Length == 0)
            return verdicts;
        for (int i = 0; i < verdicts.Length; i++)
            verdicts[i] = TryCheck(set, i, response, loose: false, null);
        return verdicts;
    }

    /// <summary>Loose verdicts, one per instruction.</summary>
    public bool[] FollowLoose(IfevalInstructionSet set, string response) => Follow(set, response).Loose;

    /// <summary>
    /// Strict and loose verdicts at once. The first loose variant is the response itself, so its checks are the
    /// strict ones and run once; a variant identical to an earlier one is not checked again (checkers are pure, so it
    /// would fail again). The verdicts are those of <see cref="FollowStrict"/> and the official loose loop.
    /// </summary>
    public IfevalVerdicts Follow(IfevalInstructionSet set, string response)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(response);
        var strict = new bool[set.Count];
        var loose = new bool[set.Count];
        if (PyStr.Strip(response).Length == 0)
            return new IfevalVerdicts(strict, loose); // every variant of a blank response is blank
        List<RaisedCheck>? raised = null;
        var variants = LooseVariants.Of(response);
        var worthChecking = new bool[variants.Length];
        for (int v = 1; v < variants.Length; v++)
            worthChecking[v] = PyStr.Strip(variants[v]).Length != 0 && !SameAsEarlier(variants, v);
        for (int i = 0; i < strict.Length; i++)
        {
            int raisedBefore = raised?.Count ?? 0;
            strict[i] = loose[i] = TryCheck(set, i, response, loose: false, raised ??= []);
            if (raised.Count > raisedBefore)
            {
                // The Python loose loop would have stopped at the response itself, so loose fails too.
                raised.Add(raised[^1] with { Loose = true });
                continue;
            }
            for (int v = 1; v < variants.Length && !loose[i]; v++)
            {
                if (!worthChecking[v])
                    continue;
                loose[i] = TryCheck(set, i, variants[v], loose: true, raised);
                if (raised.Count > raisedBefore)
                    break;
            }
        }
        return new IfevalVerdicts(strict, loose) { Raised = raised is { Count: > 0 } ? raised : [] };
    }

    // A checker that raises where the reference code raises gives "not followed", and the raise is recorded.
    private static bool TryCheck(IfevalInstructionSet set, int index, string text, bool loose, List<RaisedCheck>? raised)
    {
        try
        {
            return set.Checkers[index].Check(text);
        }
        catch (CheckRaisedException e)
        {
            raised?.Add(new RaisedCheck(index, set.Ids[index], loose, e.Message));
            return false;
        }
    }

    private static bool SameAsEarlier(string[] variants, int v)
    {
        for (int u = 0; u < v; u++)
        {
            if (string.Equals(variants[u], variants[v], StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}

/// <summary>Strict and loose verdicts of one response, one per instruction.</summary>
public sealed record IfevalVerdicts(bool[] Strict, bool[] Loose)
{
    /// <summary>Checks that raised in the reference code (and count as not followed here); empty for IFEval's checkers.</summary>
    public IReadOnlyList<RaisedCheck> Raised { get; init; } = [];
}
