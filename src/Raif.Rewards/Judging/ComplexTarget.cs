namespace Raif.Rewards.Judging;

/// <summary>
/// The target of a <c>complex…</c> record (spec §4.2): the YES/NO scoring questions and the optional offline
/// YES count of Qwen2.5-7B-Instruct answering without reasoning.
/// </summary>
public sealed record ComplexTarget(IReadOnlyList<string> ScoringQuestions, double OfflineScore)
{
    public const string QuestionsField = "scoring_questions";

    /// <summary>Parses the JSON target; an absent or empty question list is an error naming the field.</summary>
    public static ComplexTarget Parse(string target)
    {
        var root = TargetJson.ParseObject(target);
        var questions = TargetJson.RequiredStrings(root, QuestionsField);
        return new ComplexTarget(questions, TargetJson.OptionalScore(root, Superiority.ComplexScoreField));
    }
}
