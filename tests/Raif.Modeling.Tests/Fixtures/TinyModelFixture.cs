namespace Raif.Modeling.Tests.Fixtures;

/// <summary>One tiny model of each kind per test run, loaded from disk through LanguageModel.Load.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Qwen2 = TinyModels.Load(TinyModels.Qwen2TiedConfig(), seed: 11);
        Llama = TinyModels.Load(TinyModels.LlamaConfig(), seed: 12);
        Mistral = TinyModels.Load(TinyModels.MistralConfig(), seed: 13);
        Wide = TinyModels.Load(TinyModels.Qwen2WideConfig(), seed: 14);
    }

    public LanguageModel Qwen2 { get; }

    public LanguageModel Llama { get; }

    public LanguageModel Mistral { get; }

    /// <summary>A Qwen2 wide enough for the decoding kernel (<see cref="TinyModels.Qwen2WideConfig"/>).</summary>
    public LanguageModel Wide { get; }

    public IEnumerable<LanguageModel> All => [Qwen2, Llama, Mistral];

    public LanguageModel Get(string name) => name switch
    {
        "qwen2" => Qwen2,
        "llama" => Llama,
        "qwen2-wide" => Wide,
        _ => Mistral,
    };

    public void Dispose()
    {
        Qwen2.Dispose();
        Llama.Dispose();
        Mistral.Dispose();
        Wide.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny models";
}
