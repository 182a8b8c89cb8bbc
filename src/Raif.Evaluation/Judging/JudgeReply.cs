namespace Raif.Evaluation.Judging;

/// <summary>
/// One raw judge reply, as stored in a judgments file: the benchmark's own item id, the question index where the
/// benchmark asks per question (null where one call judges the whole item), and the judge's text unchanged.
/// Several lines with the same id and question are successive attempts (re-asks after a malformed reply), in order.
/// </summary>
public sealed record JudgeReply(string Id, int? Question, string Reply);
