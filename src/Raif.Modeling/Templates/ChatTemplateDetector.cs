using Raif.Core.Templates;
using Raif.Modeling.Tokenization;

namespace Raif.Modeling.Templates;

/// <summary>
/// Picks the Raif.Core chat layout of a model from its tokenizer files: the Jinja chat template's markers when
/// there is one, else the special tokens in the vocabulary. Raif renders templates itself (no Jinja engine), so a
/// model whose family is not recognised gets none and callers must be given a template explicitly.
/// </summary>
public static class ChatTemplateDetector
{
    private static readonly (string Marker, ChatTemplate Template)[] Markers =
    [
        ("<｜Assistant｜>", ChatTemplates.DeepSeek),
        ("<|im_start|>", ChatTemplates.Qwen),
        ("<|start_header_id|>", ChatTemplates.Llama3),
        ("[INST]", ChatTemplates.Mistral),
    ];

    public static ChatTemplate? Detect(HfTokenizer tokenizer)
    {
        if (tokenizer.Settings.ChatTemplate is { } jinja)
        {
            foreach (var (marker, template) in Markers)
            {
                if (jinja.Contains(marker, StringComparison.Ordinal))
                    return template;
            }
        }
        foreach (var (marker, template) in Markers)
        {
            if (tokenizer.TokenToId(marker) is not null)
                return template;
        }
        return null;
    }
}
