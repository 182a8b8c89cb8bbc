using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Modeling.Scoring;
using Raif.Modeling.Tokenization;

namespace Raif.Modeling.Judging;

/// <summary>Judge settings: the token limit per rendered sequence (RAIF's generate_max_len, 4096) and the scoring batch size.</summary>
public sealed record LocalJudgeOptions(int MaxSequenceTokens = 4096, int BatchSize = 8);

/// <summary>
/// <see cref="IJudge"/> over a local causal LM (spec §6.5): each conversation is rendered once per continuation
/// as an open assistant turn ("continue final message"), k = max(1, min over continuations of their token counts),
/// and each continuation's score is the summed log-prob of the last k tokens of its sequence. Over-long sequences
/// lose tokens from the LEFT, so the continuation tail is never cut (the release cut from the right). All
/// sequences of a call are scored together in padded batches.
/// By default the judge renders and tokenizes with its own template and tokenizer (the intended behaviour). The
/// release rendered judge prompts with the POLICY's template and tokenizer; pass those to the second constructor
/// to reproduce that.
/// </summary>
public sealed class LocalModelJudge : IJudge
{
    private readonly LanguageModel _model;
    private readonly ChatTemplate _template;
    private readonly HfTokenizer _tokenizer;
    private readonly LocalJudgeOptions _options;

    /// <summary>Renders with the judge model's own chat template and tokenizer.</summary>
    public LocalModelJudge(LanguageModel model, LocalJudgeOptions? options = null, ChatTemplate? template = null)
        : this(model, model.RequireChatTemplate(template), model.Tokenizer, options)
    {
    }

    /// <summary>
    /// Renders and tokenizes with the given template and tokenizer (e.g. the policy's, as the RAIF release did).
    /// Ids the judge's vocabulary does not have are an error.
    /// </summary>
    public LocalModelJudge(LanguageModel model, ChatTemplate renderTemplate, HfTokenizer renderTokenizer, LocalJudgeOptions? options = null)
    {
        _model = model;
        _template = renderTemplate;
        _tokenizer = renderTokenizer;
        _options = options ?? new LocalJudgeOptions();
        if (_options.MaxSequenceTokens < 2)
            throw new ArgumentException($"the judge's token limit must be at least 2 (got {_options.MaxSequenceTokens})");
    }

    public string Name => _model.Name;

    public Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default) =>
        Task.Run(() => Score(requests, cancellationToken), cancellationToken);

    /// <summary>The synchronous form of <see cref="ScoreAsync"/>.</summary>
    public IReadOnlyList<JudgeScores> Score(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
    {
        var pairs = new List<ScoringPair>();
        var ks = new int[requests.Count];
        for (int r = 0; r < requests.Count; r++)
        {
            var request = requests[r];
            if (request.Continuations.Count == 0)
                throw new ArgumentException($"judge request {r} has no continuations");
            int k = Math.Max(1, request.Continuations.Min(c => _tokenizer.Encode(c).Length));
            ks[r] = k;
            foreach (var continuation in request.Continuations)
            {
                var turns = request.Conversation.Append(ChatTurn.Assistant(continuation)).ToList();
                var ids = _tokenizer.Encode(_template.Render(turns, RenderEnding.ContinueFinalMessage));
                if (ids.Length > _options.MaxSequenceTokens)
                    ids = ids[^_options.MaxSequenceTokens..];
                int scored = Math.Min(k, ids.Length - 1);
                if (scored < 1)
                    throw new ArgumentException($"judge request {r}: the rendered sequence has fewer than 2 tokens");
                pairs.Add(new ScoringPair(ids[..^scored], ids[^scored..]));
            }
        }
        var logProbs = ContinuationScorer.Score(_model.Module, pairs, _options.BatchSize, cancellationToken);
        var results = new List<JudgeScores>(requests.Count);
        int at = 0;
        for (int r = 0; r < requests.Count; r++)
        {
            var sums = new double[requests[r].Continuations.Count];
            for (int c = 0; c < sums.Length; c++)
                sums[c] = logProbs[at++].Sum(x => (double)x);
            results.Add(new JudgeScores(sums, ks[r]));
        }
        return results;
    }
}
