using Raif.Core.Records;
using Raif.Modeling.Tokenization;
using Raif.Training.Config;

namespace Raif.Training.Data;

/// <summary>
/// Behaviour-cloning examples (spec §4.4, §8.5), tokenized once and served cyclically in a per-epoch order derived
/// from the seed. Each example is question tokens + answer tokens (+ EOS when the answer does not already end with
/// it); the loss covers the answer (paper) or everything (released code).
/// </summary>
public sealed class SftStream
{
    private readonly IReadOnlyList<TokenizedSequence> _examples;
    private readonly int _seed;
    private int _orderEpoch = -1;
    private int[] _order = [];

    public SftStream(IEnumerable<SftPair> pairs, HfTokenizer tokenizer, string eosText, int maxLength, BehaviourCloningScope scope, int seed)
    {
        _seed = seed;
        var examples = new List<TokenizedSequence>();
        foreach (var pair in pairs)
        {
            string answer = pair.Answer.TrimEnd('\n');
            if (!answer.EndsWith(eosText, StringComparison.Ordinal))
                answer += eosText;
            int[] question = tokenizer.Encode(pair.Question);
            if (question.Length >= maxLength - 2)
                continue; // the release drops prompts that leave no room for an answer
            int[] ids = [.. question, .. tokenizer.Encode(answer)];
            if (ids.Length > maxLength)
                ids = ids[..maxLength];
            examples.Add(new TokenizedSequence(ids, scope == BehaviourCloningScope.Response ? question.Length : 1));
        }
        if (examples.Count == 0)
            throw new ArgumentException("no usable behaviour-cloning examples (all empty or too long)");
        _examples = examples;
    }

    public int Count => _examples.Count;

    public IReadOnlyList<TokenizedSequence> Next(int count, ref DataCursor cursor)
    {
        var batch = new List<TokenizedSequence>(count);
        while (batch.Count < count)
        {
            if (cursor.SftIndex >= _examples.Count)
                cursor = cursor with { SftEpoch = cursor.SftEpoch + 1, SftIndex = 0 };
            if (cursor.SftEpoch != _orderEpoch)
            {
                _order = Shuffle.Permutation(_examples.Count, Shuffle.Seed(_seed, cursor.SftEpoch, 0x5f7));
                _orderEpoch = cursor.SftEpoch;
            }
            batch.Add(_examples[_order[cursor.SftIndex]]);
            cursor = cursor with { SftIndex = cursor.SftIndex + 1 };
        }
        return batch;
    }
}
