namespace Raif.Modeling.Tests.Fixtures;

/// <summary>One tiny model of each kind per test run, loaded from disk through LanguageModel.Load.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Qwen2 = TinyModels.Load(TinyModels.Qwen2TiedConfig(), seed: 11);
        Llama = TinyModels.Load(TinyModels.LlamaConfig(), seed: 12);
        Mistral = TinyModels.Load(TinyModels.MistralConfig(), seed: 13);
    }

    public LanguageModel Qwen2 { get; }

    public LanguageModel Llama { get; }

    public LanguageModel Mistral { get; }

    public IEnumerable<LanguageModel> All => [Qwen2, Llama, Mistral];

    public LanguageModel Get(string name) => name switch
    {
        "qwen2" => Qwen2,
        "llama" => Llama,
        _ => Mistral,
    };

    public void Dispose()
    {
        Qwen2.Dispose();
        Llama.Dispose();
        Mistral.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny models";
}
