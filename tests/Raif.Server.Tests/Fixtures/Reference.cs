using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Generation;

namespace Raif.Server.Tests.Fixtures;

/// <summary>What the server should answer, computed in-process with the runtime directly.</summary>
internal static class Reference
{
    public const string System = "You are a helpful assistant.";
    public const string User = "Name three colours.";

    public static string ChatPrompt(LanguageModel model, string system = System, string user = User) =>
        model.RequireChatTemplate().Render([ChatTurn.System(system), ChatTurn.User(user)], RenderEnding.GenerationPrompt);

    public static (int[] PromptIds, GeneratedSequence Output) Greedy(LanguageModel model, string prompt, int maxTokens, bool ignoreEos = false)
    {
        var ids = model.Tokenizer.Encode(prompt);
        var options = model.DefaultGenerationOptions(maxTokens) with { Sampling = SamplingOptions.Greedy, IgnoreEos = ignoreEos };
        return (ids, model.Generate([ids], options)[0]);
    }

    public static string Text(LanguageModel model, GeneratedSequence output) => model.Tokenizer.Decode(output.TokenIds, skipSpecialTokens: true);
}
