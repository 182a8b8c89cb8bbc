namespace Raif.Core.Templates;

/// <summary>The five layouts by id, in the detection order of spec §5.2.</summary>
public static class ChatTemplates
{
    public static readonly ChatTemplate Qwen = new QwenTemplate();
    public static readonly ChatTemplate DeepSeek = new DeepSeekTemplate();
    public static readonly ChatTemplate Llama3 = new Llama3Template();
    public static readonly ChatTemplate Mistral = new MistralTemplate();
    public static readonly ChatTemplate Base = new BaseTemplate();

    /// <summary>All templates in detection order: qwen, deepseek, llama3, mistral, base.</summary>
    public static readonly IReadOnlyList<ChatTemplate> DetectionOrder = [Qwen, DeepSeek, Llama3, Mistral, Base];

    /// <summary>The accepted template ids, for help texts and errors.</summary>
    public static IEnumerable<string> Names => DetectionOrder.Select(t => t.Name);

    /// <summary>Looks a template up by id (case-insensitive); an unknown id is an error that lists the known ones.</summary>
    public static ChatTemplate Get(string name) =>
        TryGet(name, out var template)
            ? template
            : throw new ArgumentException($"unknown chat template '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    public static bool TryGet(string name, out ChatTemplate template)
    {
        foreach (var t in DetectionOrder)
        {
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                template = t;
                return true;
            }
        }
        template = null!;
        return false;
    }
}
