using Raif.Core.Templates;
using Raif.Modeling;

namespace Raif.Server.Inference;

/// <summary>
/// A loaded model the server answers for under <see cref="Id"/> (the <c>model</c> field of requests).
/// The server never disposes it; the caller that loaded it does.
/// </summary>
public sealed class ServedModel
{
    public ServedModel(string id, LanguageModel model, ChatTemplate? chatTemplate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Model = model;
        ChatTemplate = chatTemplate ?? model.ChatTemplate;
        Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public string Id { get; }

    public LanguageModel Model { get; }

    /// <summary>The chat layout for <c>/v1/chat/completions</c>; null when unknown (chat requests then get 400).</summary>
    public ChatTemplate? ChatTemplate { get; }

    /// <summary>Unix seconds when it started being served (the <c>created</c> of <c>/v1/models</c>).</summary>
    public long Created { get; }

    /// <summary>Prompt plus generated tokens may not exceed this (the model's max_position_embeddings).</summary>
    public int ContextLength => Model.Config.MaxPositionEmbeddings;

    /// <summary>The id a served folder gets by default: its last path segment.</summary>
    public static string DefaultId(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
