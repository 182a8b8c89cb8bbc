using Raif.Evaluation.Benchmarks.Cello;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Benchmarks.Cello;

/// <summary>
/// Agreement with upstream: Abbey4799/CELLO at 5430aa1 publishes, in scores/{Eg,Ch_fs,Ch_cc}_scores_by_*.csv, the
/// rows its score.py computed from the same results/&lt;model&gt;/res_*.json files the data folder holds. Upstream
/// rounds to 3 places, so each value must lie within 0.0005 of the published one.
/// </summary>
public sealed class CelloPublishedScoresTests
{
    // Values copied from upstream scores/*.csv (commit 5430aa1): by_constraints = format, input, task, count_limit,
    // Average; by_tasks = extraction, Planning, meta_prompt, brainstorming_single_round, writing_single_round,
    // Ave_complex_ins, keywords_extraction, closed_qa, Summarization, Structure, brainstorming_multi_rounds,
    // writing_multi_rounds, Ave_complex_input, Average.
    public static TheoryData<string, double[], double[]> Published => new()
    {
        { "gpt4", [0.911, 0.796, 0.792, 0.724, 0.822], [0.737, 0.879, 0.666, 0.828, 0.81, 0.784, 0.862, 0.889, 0.911, 0.727, 0.867, 0.91, 0.861, 0.822] },
        { "chatgpt", [0.899, 0.76, 0.799, 0.7, 0.794], [0.709, 0.805, 0.632, 0.879, 0.854, 0.776, 0.765, 0.795, 0.832, 0.697, 0.879, 0.908, 0.813, 0.794] },
        { "qwenlm", [0.764, 0.584, 0.625, 0.57, 0.642], [0.544, 0.551, 0.493, 0.646, 0.74, 0.595, 0.486, 0.767, 0.705, 0.575, 0.71, 0.888, 0.689, 0.642] },
        { "chatglm", [0.715, 0.628, 0.742, 0.571, 0.673], [0.649, 0.522, 0.612, 0.7, 0.808, 0.658, 0.532, 0.742, 0.672, 0.573, 0.735, 0.87, 0.687, 0.673] },
        { "baize7b", [0.409, 0.3, 0.246, 0.466, 0.298], [0.203, 0.266, 0.3, 0.504, 0.245, 0.304, 0.056, 0.121, 0.045, 0.593, 0.381, 0.558, 0.292, 0.298] },
    };

    [SkippableTheory]
    [MemberData(nameof(Published))]
    public void Published_results_score_as_upstreams_csv_rows(string model, double[] byConstraints, double[] byTasks)
    {
        string data = TestDataFolder.External("cello", "data");
        string results = TestDataFolder.External("cello", "results", model);

        var (items, scores) = CelloEvaluation.Evaluate(CelloEvaluation.ReadData(data), CelloEvaluation.ReadResultFolder(results));

        Assert.Equal(525, items.Count); // README: 525 rows per model, all scored (3 rows share one keywords_extraction id)
        Assert.Equal(523, scores.EvaluatedIds);
        string[] constraintColumns = [.. CelloEvaluation.ConstraintColumns, "Average"];
        for (int i = 0; i < constraintColumns.Length; i++)
            Assert.InRange(scores.ByConstraints[constraintColumns[i]], byConstraints[i] - 0.0005, byConstraints[i] + 0.0005);
        for (int i = 0; i < CelloEvaluation.ByTasksColumns.Length; i++)
            Assert.InRange(scores.ByTasks[CelloEvaluation.ByTasksColumns[i]], byTasks[i] - 0.0005, byTasks[i] + 0.0005);
    }
}
