namespace Raif.Evaluation.FbBench;

/// <summary>
/// One FB-Bench dialogue (<c>fb_bench_dataset_v3.json</c>); <see cref="Id"/> is its 0-based index. <see cref="Checklist"/>
/// is the annotation as Python would hold it (a list of [text, weight] pairs for Error Correction, a list of texts for
/// Response Maintenance), kept as parsed so the judge prompt can show it with Python's <c>repr</c>.
/// </summary>
public sealed record FbBenchItem(
    string Id,
    string BenchType,
    string TaskType,
    string UserQuery,
    string OriginFirstResponse,
    string Feedback,
    IReadOnlyList<string> ErrorTypes,
    IReadOnlyList<string> FeedbackTypes,
    List<object?> Checklist)
{
    public const string ErrorCorrection = "Error Correction";
    public const string ResponseMaintenance = "Response Maintenance";

    /// <summary>Upstream's <c>defined_task_types</c>, in its order (the order of the macro average's cells).</summary>
    public static readonly IReadOnlyList<string> TaskTypes =
        ["Mathematics", "Reasoning", "Coding", "Text Extraction", "Text Error Correction", "Text Creation", "Knowledge Q&A", "Text Translation"];

    public static readonly IReadOnlyList<string> ErrorTypeNames =
        ["Not Following Instructions", "Logical Error", "Incomplete Answer", "Factual Error", "Unprofessional Answer"];

    public static readonly IReadOnlyList<string> FeedbackTypesCorrect =
        ["Pointing Out Errors", "Simple Questioning", "Clarifying Intent", "Raising Objections", "Detailed Explanation", "Hinting Guidance"];

    public static readonly IReadOnlyList<string> FeedbackTypesAntisyco =
        ["Misinformation", "Simple Questioning", "Credibility Support", "Unreasonable Requests"];
}
