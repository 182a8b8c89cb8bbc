using System.Text.Json;
using Raif.Modeling.Generation;
using Raif.Server.Inference;

namespace Raif.Server.OpenAi;

/// <summary>Feeds a generation's streamed tokens into its choices, asking the worker to stop rows that met a stop string.</summary>
internal static class GenerationReader
{
    /// <summary>Called for every token a choice accepted (with the text it released) and when a choice finished (with its last text).</summary>
    public delegate Task ChoiceUpdate(int row, string text, int tokenIndex, FinishReason? finished);

    public static async Task ReadAsync(GenerateWork work, ChoiceText[] choices, ChoiceUpdate? update, CancellationToken cancellationToken)
    {
        await foreach (var e in work.Events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var choice = choices[e.Row];
            if (e.TokenId >= 0)
            {
                if (choice.StopStringHit || choice.Finished is not null)
                    continue;
                string delta = choice.Add(e.TokenId, e.LogProb, e.Alternatives);
                if (choice.StopStringHit)
                    work.RequestStop(e.Row);
                if (update is not null)
                    await update(e.Row, delta, choice.Tokens.Count - 1, null).ConfigureAwait(false);
            }
            else
            {
                string rest = choice.Finish(e.Finished!.Value);
                if (update is not null)
                    await update(e.Row, rest, -1, choice.Finished).ConfigureAwait(false);
            }
        }
    }

    public static string FinishReasonText(FinishReason? reason) => reason == FinishReason.Length ? "length" : "stop";

    /// <summary>
    /// Closes a streamed chunk after its one choice's content: <c>finish_reason</c> (null while the choice is still
    /// generating), the choice, the <c>choices</c> array, <c>usage: null</c> and the chunk itself.
    /// </summary>
    public static void EndStreamChunk(Utf8JsonWriter json, FinishReason? finished)
    {
        if (finished is null)
            json.WriteNull("finish_reason");
        else
            json.WriteString("finish_reason", FinishReasonText(finished));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteNull("usage");
        json.WriteEndObject();
    }
}
