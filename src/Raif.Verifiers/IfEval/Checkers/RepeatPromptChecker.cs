using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>combination:repeat_prompt</c>: the stripped, lower-cased response starts with the stripped, lower-cased
/// <c>prompt_to_repeat</c>. RAIF also accepts it right after one leading ' or ".
/// </summary>
internal sealed class RepeatPromptChecker(string prompt, bool allowLeadingQuote) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.RepeatPrompt, kwargs, "prompt_to_repeat");
        string prompt = PyStr.Lower(PyStr.Strip(args.NonEmptyString("prompt_to_repeat")));
        return new RepeatPromptChecker(prompt, options.Variant == IfevalVariant.Raif);
    }

    public bool Check(string response)
    {
        string value = PyStr.Lower(PyStr.Strip(response));
        if (value.StartsWith(prompt, StringComparison.Ordinal))
            return true;
        return allowLeadingQuote && value.Length > 0 && value[0] is '\'' or '"' &&
               value.AsSpan(1).StartsWith(prompt, StringComparison.Ordinal);
    }
}
