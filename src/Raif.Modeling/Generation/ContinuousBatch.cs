using System.Runtime.InteropServices;
using Raif.Modeling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Generation;

/// <summary>
/// Continuous batching: sequences join (<see cref="Add"/>) and leave at every decoding step (<see cref="Step"/>)
/// instead of a batch running until its longest row ends. Each sequence owns a row (slot) of one KV cache, its
/// tokens right-aligned at the cache's shared write column and contiguous, so a step decodes every row in one
/// forward pass with a key mask that hides each row's columns before its own first one. Joiners are prefilled
/// together (left-padded as <see cref="TextGenerator"/> does) and their caches copied into free slots; a row that
/// leaves is filled by the last row, so only that one row is copied. Positions come from each sequence's own
/// token count, so a greedy sequence gets the tokens it gets alone. Joiners can also ride in a step
/// (<see cref="Step(IReadOnlyList{BatchSequence})"/>, folded prefill): their prompts are packed with the running rows'
/// tokens into that step's forward pass, each group attending to its own cache, and placed into slots after it (when the
/// running rows' step goes through the fused C# step of a small model, the prompts get a libtorch pass of their own).
/// Prefix reuse: joiners with identical prompts (n choices, a GRPO group) are prefilled once and the cache copied
/// to each of their rows; a joiner whose prompt starts with at least <c>minSharedPrefix</c> tokens of a prompt
/// already in the batch (the rest of a GRPO group, a shared system prompt or rubric) copies that prefix's keys and
/// values from the other row and computes only the rest. Not thread-safe: one thread drives a batch (TorchSharp modules are not safe for
/// concurrent forward passes).
/// </summary>
public sealed class ContinuousBatch : IDisposable
{
    private readonly CausalLM _model;
    private readonly int _minSharedPrefix;
    private readonly Generator _generator;
    private readonly List<Slot> _slots = [];
    private KvCache? _cache;
    private Tensor? _seen;
    private long _seenRows;
    private long _joined;

    /// <param name="model">The model; the batch runs its forward passes without gradients.</param>
    /// <param name="seed">Seed of the generator of sequences that bring none; null draws one.</param>
    /// <param name="minSharedPrefix">
    /// Shortest prompt prefix worth reusing from a row already in the batch (its own prefill pass is the cost);
    /// 16 tokens, the block size of vLLM's prefix cache. 0 turns prefix reuse off (identical prompts are still
    /// prefilled once).
    /// </param>
    public ContinuousBatch(CausalLM model, ulong? seed = null, int minSharedPrefix = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minSharedPrefix);
        _model = model;
        _minSharedPrefix = minSharedPrefix;
        _generator = new Generator(seed ?? (ulong)Random.Shared.NextInt64(), model.Device);
    }

    /// <summary>Sequences in the batch.</summary>
    public int Count => _slots.Count;

    /// <summary>The sequences in the batch, in row order.</summary>
    public IEnumerable<BatchSequence> Sequences => _slots.Select(s => s.Sequence);

    /// <summary>Prompt tokens of every sequence that joined.</summary>
    public long PromptTokens { get; private set; }

    /// <summary>Prompt tokens actually run through the model (less than <see cref="PromptTokens"/> when prompts were shared).</summary>
    public long PrefillTokens { get; private set; }

    /// <summary>Decoding steps run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Cache columns currently held per row (the padded width of the batch), for tests and logs.</summary>
    public long CacheWidth => _cache is null ? 0 : _cache.Length - _cache.Start;

    /// <summary>
    /// Prefills <paramref name="joiners"/> together, gives each its first token (the callbacks run) and keeps those
    /// that go on in the batch. A failure leaves the batch unusable: <see cref="Clear"/> it.
    /// </summary>
    public void Add(IReadOnlyList<BatchSequence> joiners)
    {
        if (joiners.Count == 0)
            return;
        Validate(joiners);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var plan = Plan(joiners, shareWithJoiners: true);
        int n = _slots.Count;
        if (n == 0)
            ResetCache(joiners.Count, plan.Unique.Max(p => p.Length));
        var added = new List<Slot>(joiners.Count);
        var logits = new List<Tensor>();
        // Fresh prompts first: a sharing one may copy its prefix from a fresh one placed here.
        if (plan.FreshRows.Count > 0)
        {
            using var fresh = PrepareFresh(plan);
            logits.Add(Place(fresh, LastLogits(fresh, _model.HiddenStates([fresh.Forward])[0]), joiners, added));
        }
        if (plan.SharingRows.Count > 0)
        {
            using var sharing = PrepareSharing(plan, added);
            logits.Add(Place(sharing, LastLogits(sharing, _model.HiddenStates([sharing.Forward])[0]), joiners, added));
        }
        Joined(joiners, n, added);
        Advance(logits.Count == 1 ? logits[0] : cat(logits, 0), n, added);
    }

    /// <summary>
    /// One decoding step for every sequence in the batch, with <paramref name="joiners"/>' prompts computed in the
    /// same forward pass (folded prefill): the running rows get their next token and the joiners their first, and
    /// nobody waits for a pass of its own. Cancelled sequences leave first. A joiner reuses a prefix only from a
    /// sequence already running (joiners with identical prompts are still computed once). A failure leaves the batch
    /// unusable: <see cref="Clear"/> it.
    /// </summary>
    public void Step(IReadOnlyList<BatchSequence> joiners)
    {
        RemoveCancelled();
        if (_slots.Count == 0 || joiners.Count == 0)
        {
            if (joiners.Count > 0)
                Add(joiners);
            else
                Step();
            return;
        }
        Validate(joiners);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        CompactBeforeGrowing();
        var plan = Plan(joiners, shareWithJoiners: false);
        var parts = new List<JoinPart>(2);
        try
        {
            if (plan.FreshRows.Count > 0)
                parts.Add(PrepareFresh(plan));
            if (plan.SharingRows.Count > 0)
                parts.Add(PrepareSharing(plan, []));
            int n = _slots.Count;
            var step = StepPart();
            // A step the fused C# path takes (a small model's rows) costs less there than its share of a packed libtorch
            // pass, so the joiners' prompts then get a pass of their own: folded steps of the serve bench's tiny model
            // 3.4-3.9 ms against 3.8-4.5 ms packed (`raif bench batch`, docs/benchmarks.md). Not measured to hold for
            // every cache length: with ~670 columns a row, a probe found the packed pass faster (fused attention over
            // 16-wide heads is slow per key).
            var hidden = _model.DecodesFused(step.Ids, step.Cache)
                ? [.. _model.HiddenStates([step]), .. _model.HiddenStates([.. parts.Select(p => p.Forward)])]
                : _model.HiddenStates([step, .. parts.Select(p => p.Forward)]);
            AfterStep();
            // One head product for the step's rows and every prompt's last token.
            var last = cat([hidden[0].squeeze(1), .. parts.Select((p, i) => LastHidden(p, hidden[i + 1]))], 0);
            var logits = _model.Logits(last).to(ScalarType.Float32);
            var rowLogits = new List<Tensor> { logits.narrow(0, 0, n) };
            var added = new List<Slot>(joiners.Count);
            long offset = n;
            foreach (var part in parts)
            {
                rowLogits.Add(Place(part, logits.narrow(0, offset, part.Forward.Ids.shape[0]), joiners, added));
                offset += part.Forward.Ids.shape[0];
            }
            Joined(joiners, n, added);
            Advance(cat(rowLogits, 0), 0, _slots);
        }
        finally
        {
            foreach (var part in parts)
                part.Dispose();
        }
    }

    private void Validate(IReadOnlyList<BatchSequence> joiners)
    {
        int vocab = _model.Config.VocabSize;
        foreach (var s in joiners)
        {
            foreach (int id in s.Prompt)
            {
                if (id < 0 || id >= vocab)
                    throw new ArgumentException($"token id {id} is outside the vocabulary (0..{vocab - 1})");
            }
        }
    }

    /// <summary>
    /// Which joiners' prompts are computed whole (fresh) and which copy a prefix another row holds: a running one,
    /// or (when <paramref name="shareWithJoiners"/>) a fresh joiner placed before them. Identical prompts count once.
    /// </summary>
    private JoinPlan Plan(IReadOnlyList<BatchSequence> joiners, bool shareWithJoiners)
    {
        var unique = new List<int[]>();
        var firstOf = new Dictionary<int[], int>(PromptComparer.Instance);
        var uniqueOf = new int[joiners.Count];
        for (int j = 0; j < joiners.Count; j++)
        {
            if (!firstOf.TryGetValue(joiners[j].Prompt, out int u))
            {
                firstOf[joiners[j].Prompt] = u = unique.Count;
                unique.Add(joiners[j].Prompt);
            }
            uniqueOf[j] = u;
            PromptTokens += joiners[j].Prompt.Length;
        }
        var sharers = new (Slot? Slot, int Fresh, int Length)[unique.Count];
        var fresh = new List<int>();
        for (int u = 0; u < unique.Count; u++)
        {
            (Slot? Slot, int Fresh, int Length) best = (null, -1, 0);
            if (_minSharedPrefix > 0)
            {
                foreach (var slot in _slots)
                {
                    int l = SharedPrefix(slot.Sequence.Prompt, unique[u]);
                    if (l > best.Length)
                        best = (slot, -1, l);
                }
                if (shareWithJoiners)
                {
                    foreach (int f in fresh)
                    {
                        int l = SharedPrefix(unique[f], unique[u]);
                        if (l > best.Length)
                            best = (null, f, l);
                    }
                }
            }
            sharers[u] = best;
            if (best.Length < Math.Max(1, _minSharedPrefix))
                fresh.Add(u);
        }
        var freshSet = fresh.ToHashSet();
        var sharing = Enumerable.Range(0, unique.Count).Where(u => !freshSet.Contains(u)).ToList();
        var freshRows = Enumerable.Range(0, joiners.Count).Where(j => freshSet.Contains(uniqueOf[j])).ToList();
        var sharingRows = Enumerable.Range(0, joiners.Count).Where(j => !freshSet.Contains(uniqueOf[j])).ToList();
        return new JoinPlan(unique, uniqueOf, fresh, sharing, sharers, freshRows, sharingRows);
    }

    /// <summary>The running rows' part of a step: each row's next token after its cached columns.</summary>
    private ForwardPart StepPart()
    {
        var cache = _cache!;
        var device = _model.Device;
        int n = _slots.Count;
        var next = new long[n];
        var positions = new long[n];
        var firsts = new long[n];
        for (int r = 0; r < n; r++)
        {
            next[r] = _slots[r].NextToken;
            positions[r] = _slots[r].Position;
            firsts[r] = _slots[r].FirstColumn;
        }
        var keyMask = arange(cache.Start, cache.Length + 1, ScalarType.Int64, device).unsqueeze(0)
            .ge(tensor(firsts, device: device).unsqueeze(1));
        return new ForwardPart(tensor(next, [n, 1], device: device), tensor(positions, [n, 1], device: device), keyMask, cache);
    }

    private void AfterStep()
    {
        Steps++;
        foreach (var s in _slots)
            s.Position++;
    }

    /// <summary>Prompts that share nothing with the batch, left-padded together into a cache of their own.</summary>
    private JoinPart PrepareFresh(JoinPlan plan)
    {
        var prompts = plan.Fresh.Select(u => plan.Unique[u]).ToList();
        PrefillTokens += prompts.Sum(p => (long)p.Length);
        int width = prompts.Max(p => p.Length);
        var (ids, mask) = TextGenerator.LeftPad(prompts, width, 0, _model.Device);
        var prefill = new KvCache(_model.Config, prompts.Count, width, _model.DType, _model.Device);
        return new JoinPart(new ForwardPart(ids, AttentionMasks.PositionIds(mask), mask, prefill), prefill,
            [.. plan.FreshRows.Select(j => (long)plan.Fresh.IndexOf(plan.UniqueOf[j]))], plan.FreshRows);
    }

    /// <summary>
    /// Prompts whose first tokens another row already holds (<paramref name="added"/>: fresh joiners placed before):
    /// every prompt computes its last S tokens (S = the longest unshared rest), after the reused prefix copied from
    /// its source row.
    /// </summary>
    private JoinPart PrepareSharing(JoinPlan plan, List<Slot> added)
    {
        var device = _model.Device;
        var prompts = plan.Sharing.Select(u => plan.Unique[u]).ToList();
        var shared = plan.Sharing.Select(u => plan.Sharers[u].Length).ToArray();
        // The slot holding a fresh prompt that another one shares: its first joiner's row.
        var sources = plan.Sharing.Select(u => plan.Sharers[u].Slot ?? added[plan.FreshRows.FindIndex(j => plan.UniqueOf[j] == plan.Sharers[u].Fresh)]).ToList();
        int width = prompts.Max(p => p.Length);
        // At least the last token is computed: its hidden state gives the first new token.
        int rest = prompts.Select((p, i) => p.Length - Math.Min(shared[i], p.Length - 1)).Max();
        var prefill = new KvCache(_model.Config, prompts.Count, width, _model.DType, device);
        var ids = new long[prompts.Count * rest];
        var positions = new long[prompts.Count * rest];
        var firsts = new long[prompts.Count];
        for (int i = 0; i < prompts.Count; i++)
        {
            var p = prompts[i];
            int computed = Math.Min(p.Length, rest), reused = p.Length - computed;
            firsts[i] = width - p.Length;
            if (reused > 0)
            {
                var source = sources[i];
                prefill.CopyColumns(_cache!, _slots.IndexOf(source), source.FirstColumn, i, width - p.Length, reused);
            }
            // A prompt whose own rest is shorter than S also recomputes the last copied prefix tokens: the S query
            // columns are all written into the cache, so a pad there would overwrite keys and values it attends to.
            // Columns left of the prompt's first token stay pads (masked out by keyMask).
            PrefillTokens += Math.Min(rest, p.Length);
            for (int k = 0; k < rest; k++)
            {
                int t = reused + k - (rest - computed);
                ids[i * rest + k] = t >= 0 ? p[t] : 0;
                positions[i * rest + k] = t >= 0 ? t : 1;
            }
        }
        prefill.Advance(width - rest);
        var keyMask = arange(0, width, ScalarType.Int64, device).unsqueeze(0).ge(tensor(firsts, device: device).unsqueeze(1));
        return new JoinPart(new ForwardPart(tensor(ids, [prompts.Count, rest], device: device), tensor(positions, [prompts.Count, rest], device: device), keyMask, prefill),
            prefill, [.. plan.SharingRows.Select(j => (long)plan.Sharing.IndexOf(plan.UniqueOf[j]))], plan.SharingRows);
    }

    private static Tensor LastHidden(JoinPart part, Tensor hidden) => hidden.narrow(1, part.Forward.Ids.shape[1] - 1, 1).squeeze(1);

    private Tensor LastLogits(JoinPart part, Tensor hidden) => _model.Logits(LastHidden(part, hidden)).to(ScalarType.Float32);

    /// <summary>
    /// Copies a prefill cache into new rows after the existing ones, ending at the shared write column (which moves
    /// right when the prefill is wider than what lies before it); returns the logits of those rows, given the
    /// <paramref name="logits"/> of the part's own (unique) rows.
    /// </summary>
    private Tensor Place(JoinPart part, Tensor logits, IReadOnlyList<BatchSequence> joiners, List<Slot> added)
    {
        var cache = _cache!;
        var prefill = part.Cache;
        if (cache.Length < prefill.Length)
            MoveWindow(cache.Start + prefill.Length - cache.Length);
        int n = _slots.Count;
        var sourceRows = part.SourceRows;
        bool identity = sourceRows.Length == prefill.Rows && sourceRows.Select((r, i) => r == i).All(x => x);
        var index = identity ? null : tensor(sourceRows, device: _model.Device);
        cache.SetRows(n + part.Rows.Count);
        cache.CopyRowsFrom(prefill, index, n);
        foreach (int j in part.Rows)
        {
            var s = joiners[j];
            var slot = new Slot(s, _joined + j, cache.Length - s.Prompt.Length, s.Prompt.Length);
            _slots.Add(slot);
            added.Add(slot);
        }
        // Keep the window starting at the earliest row: a later Place in the same Add moves [Start, Length) to make
        // room, and rows left of a stale Start would stay behind while their first columns moved.
        cache.SetStart(_slots.Min(s => s.FirstColumn));
        return index is null ? logits : logits.index_select(0, index);
    }

    /// <summary>After joiners were placed from row <paramref name="n"/>: their prompts' tokens count as seen (repetition penalty).</summary>
    private void Joined(IReadOnlyList<BatchSequence> joiners, int n, List<Slot> added)
    {
        _cache!.SetStart(_slots.Min(s => s.FirstColumn));
        if (_seen is not null || joiners.Any(s => s.Sampling.RepetitionPenalty != 1.0))
        {
            EnsureSeenRows(n + joiners.Count);
            _seen!.narrow(0, n, joiners.Count).copy_(TextGenerator.SeenTokens([.. added.Select(s => s.Sequence.Prompt)], _model.Config.VocabSize, _model.Device));
        }
        _joined += joiners.Count;
    }

    private static int SharedPrefix(int[] a, int[] b) => a.AsSpan().CommonPrefixLength(b);

    /// <summary>One decoding step for every sequence in the batch (cancelled ones leave first).</summary>
    public void Step()
    {
        RemoveCancelled();
        if (_slots.Count == 0)
            return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        CompactBeforeGrowing();
        var hidden = _model.HiddenStates([StepPart()])[0];
        var logits = _model.Logits(hidden.squeeze(1)).to(ScalarType.Float32);
        AfterStep();
        Advance(logits, 0, _slots);
    }

    private void RemoveCancelled()
    {
        var cancelled = _slots.Where(s => s.Sequence.Cancelled).ToList();
        if (cancelled.Count == 0)
            return;
        Remove(cancelled);
        foreach (var s in cancelled)
            s.Sequence.OnEnd(null);
    }

    /// <summary>Compacts the window to column 0 before the cache would grow, when a quarter of the columns lie before every row.</summary>
    private void CompactBeforeGrowing()
    {
        var cache = _cache!;
        if (cache.Length + 1 > cache.Capacity && cache.Start >= cache.Capacity / 4)
            MoveWindow(0);
    }

    /// <summary>
    /// Chooses the next token of <paramref name="rows"/> (batch rows from <paramref name="firstRow"/>, whose logits
    /// are <paramref name="logits"/>), tells each sequence, and removes those that ended.
    /// </summary>
    private void Advance(Tensor logits, int firstRow, IReadOnlyList<Slot> rows)
    {
        var device = _model.Device;
        var rawLogProbs = logits.log_softmax(-1);
        var chosen = new long[rows.Count];
        // Sequences that sample together (same settings and generator) draw in one call, in the order they joined.
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => (rows[i].Sequence.Sampling, rows[i].Sequence.Generator ?? _generator)))
        {
            var sampling = group.Key.Sampling;
            var members = group.OrderBy(i => rows[i].Order).ToArray();
            // Greedy choices do not depend on the order of rows; draws do.
            bool all = members.Length == rows.Count && (!sampling.DoSample || members.Select((m, k) => m == k).All(x => x));
            if (all)
                members = [.. Enumerable.Range(0, rows.Count)]; // the whole batch in row order: ids come back in that order
            Tensor? index = all ? null : tensor(members.Select(m => (long)m).ToArray(), device: device);
            Tensor? seen = null;
            if (sampling.RepetitionPenalty != 1.0)
            {
                seen = _seen!.narrow(0, firstRow, rows.Count);
                if (index is not null)
                    seen = seen.index_select(0, index);
            }
            var picked = TextGenerator.Choose(index is null ? logits : logits.index_select(0, index), seen, sampling, group.Key.Item2);
            long[] ids = picked.cpu().data<long>().ToArray();
            for (int k = 0; k < members.Length; k++)
                chosen[members[k]] = ids[k];
        }
        var nextColumn = tensor(chosen, [rows.Count, 1], device: device);
        float[] logProbs = rawLogProbs.gather(-1, nextColumn).squeeze(-1).cpu().data<float>().ToArray();
        int topK = Math.Min(rows.Max(s => s.Sequence.TopLogProbs), _model.Config.VocabSize);
        var alternatives = topK > 0 ? TextGenerator.TopAlternatives(rawLogProbs, topK) : null;
        _seen?.narrow(0, firstRow, rows.Count).scatter_(1, nextColumn, ones_like(nextColumn, ScalarType.Bool));

        var ended = new List<(Slot Slot, FinishReason Reason)>();
        for (int r = 0; r < rows.Count; r++)
        {
            var slot = rows[r];
            var sequence = slot.Sequence;
            int id = (int)chosen[r];
            slot.NextToken = id;
            FinishReason? finished = sequence.EndTokenIds.Contains(id) ? FinishReason.Stop : null;
            ReadOnlySpan<TokenLogProb> mine = alternatives is null ? [] : alternatives[r].AsSpan(0, Math.Min(sequence.TopLogProbs, topK));
            var end = sequence.OnToken(id, logProbs[r], mine, finished);
            if ((finished ?? end) is { } reason)
                ended.Add((slot, reason));
        }
        if (ended.Count == 0)
            return;
        Remove([.. ended.Select(e => e.Slot)]);
        foreach (var (slot, reason) in ended)
            slot.Sequence.OnEnd(reason);
    }

    /// <summary>Takes the slots out of the batch; the last rows move into the freed ones.</summary>
    private void Remove(IReadOnlyCollection<Slot> leaving)
    {
        using var scope = NewDisposeScope();
        var gone = new HashSet<Slot>(leaving);
        int n = _slots.Count;
        int last = n - 1;
        for (int r = 0; r < n - gone.Count; r++)
        {
            if (!gone.Contains(_slots[r]))
                continue;
            while (gone.Contains(_slots[last]))
                last--;
            _cache!.MoveRow(last, r);
            if (_seen is not null)
                _seen.narrow(0, r, 1).copy_(_seen.narrow(0, last, 1));
            _slots[r] = _slots[last];
            last--;
        }
        _slots.RemoveRange(n - gone.Count, gone.Count);
        if (_slots.Count == 0)
        {
            // An idle batch holds no memory.
            FreeCache();
            return;
        }
        _cache!.SetRows(_slots.Count);
        _cache.SetStart(_slots.Min(s => s.FirstColumn));
    }

    /// <summary>Moves every row's columns so that the window begins at <paramref name="start"/>.</summary>
    private void MoveWindow(long start)
    {
        long shift = start - _cache!.Start;
        _cache.MoveWindow(start);
        foreach (var s in _slots)
            s.FirstColumn += shift;
    }

    private void ResetCache(int rows, int width)
    {
        FreeCache();
        // Room for the prompt and some steps before the first growth (which doubles).
        _cache = new KvCache(_model.Config, rows, width + 64, _model.DType, _model.Device);
        _cache.Clear();
    }

    private void EnsureSeenRows(long rows)
    {
        if (_seen is not null && rows <= _seenRows)
            return;
        long capacity = Math.Max(rows, _seenRows * 2);
        var grown = zeros([capacity, _model.Config.VocabSize], ScalarType.Bool, _model.Device);
        if (_seen is not null)
        {
            grown.narrow(0, 0, _seenRows).copy_(_seen);
            _seen.Dispose();
        }
        _seen = grown.DetachFromDisposeScope();
        _seenRows = capacity;
    }

    private void FreeCache()
    {
        _cache?.Dispose();
        _cache = null;
        _seen?.Dispose();
        _seen = null;
        _seenRows = 0;
    }

    /// <summary>Drops every sequence without callbacks (after a failure) and frees the cache; returns them.</summary>
    public IReadOnlyList<BatchSequence> Clear()
    {
        var all = _slots.Select(s => s.Sequence).ToList();
        _slots.Clear();
        FreeCache();
        return all;
    }

    public void Dispose()
    {
        FreeCache();
        _generator.Dispose();
    }

    /// <summary>Joiners' prompts of one kind (fresh or sharing) as a part of a forward pass, and the cache it fills.</summary>
    /// <param name="SourceRows">For each joiner row (in <paramref name="Rows"/> order), its row in the part.</param>
    /// <param name="Rows">The joiners (indices into the joiners list) the part's rows become.</param>
    private sealed record JoinPart(ForwardPart Forward, KvCache Cache, long[] SourceRows, List<int> Rows) : IDisposable
    {
        public void Dispose() => Cache.Dispose();
    }

    /// <summary>
    /// How joiners are computed: their distinct prompts, each joiner's prompt, the prompts computed whole
    /// (<paramref name="Fresh"/>) and those that copy a prefix (<paramref name="Sharing"/>; <paramref name="Sharers"/>
    /// says from which running slot or fresh prompt, and how many tokens), and the joiners of each kind.
    /// </summary>
    private sealed record JoinPlan(
        List<int[]> Unique, int[] UniqueOf, List<int> Fresh, List<int> Sharing, (Slot? Slot, int Fresh, int Length)[] Sharers, List<int> FreshRows, List<int> SharingRows);

    private sealed class Slot(BatchSequence sequence, long order, long firstColumn, int position)
    {
        public BatchSequence Sequence { get; } = sequence;

        /// <summary>When it joined: sequences sharing a generator draw in this order.</summary>
        public long Order { get; } = order;

        /// <summary>The cache column of its first prompt token; moves with the window.</summary>
        public long FirstColumn { get; set; } = firstColumn;

        /// <summary>Position id of the token fed at the next step (prompt plus generated tokens so far).</summary>
        public int Position { get; set; } = position;

        public int NextToken { get; set; }
    }

    /// <summary>Prompts compared by content.</summary>
    private sealed class PromptComparer : IEqualityComparer<int[]>
    {
        public static readonly PromptComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
