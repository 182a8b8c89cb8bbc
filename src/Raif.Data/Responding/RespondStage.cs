using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Raif.Data.Remote;
using Raif.Data.Stages;

namespace Raif.Data.Responding;

/// <summary>
/// Stage 4, respond (spec §3.4 step 1): asks the expert model for each record's plain instruction (one user message,
/// no template) and adds its <c>reasoning</c>, <c>answer</c> and rendered <c>response</c> to the record. A reply
/// without reasoning, with an empty answer, cut at the token limit or breaking the response format is dropped with
/// its reason. Runs on <see cref="StageRunner"/>: resumable, exactly once per record, bounded concurrency.
/// </summary>
public static class RespondStage
{
    public const string Name = "respond";

    public static Task<StageSummary> RunAsync(RespondOptions options, IChatClient expert, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expert);
        var chat = new ResilientChat(expert, options.Retry.Build(), "expert", StageRunner.JournalPath(options.OutputPath));
        var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxOutputTokens, Temperature = options.Temperature };
        return StageRunner.RunAsync(Name, options.InputPath, options.OutputPath,
            async (line, ct) =>
            {
                string instruction = line.RequiredString(options.InstructionField);
                string id = StageRunner.DefaultId(Name, line);
                var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, instruction)], chatOptions, id, ct).ConfigureAwait(false);
                if (ExpertReply.Read(response, out string? problem) is not { } reply)
                    return StageOutcome.Dropped(problem!);
                if (ExpertResponse.TryRender(reply, out problem) is not { } rendered)
                    return StageOutcome.Dropped(problem!);
                return StageOutcome.Kept(RecordFields.With(line.Value,
                    ("reasoning", JsonValue.Create(reply.Reasoning)),
                    ("answer", JsonValue.Create(reply.Answer)),
                    ("response", JsonValue.Create(rendered))));
            },
            new StageOptions { Concurrency = options.Concurrency, SkipBadLines = options.SkipBadLines }, progress, cancellationToken);
    }
}
