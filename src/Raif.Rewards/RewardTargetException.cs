namespace Raif.Rewards;

/// <summary>A rollout's <c>target</c> cannot be used; the message names the field at fault.</summary>
public sealed class RewardTargetException(string message, Exception? inner = null) : FormatException(message, inner)
{
    /// <summary>An error about one field of the target JSON.</summary>
    public static RewardTargetException Field(string field, string problem) => new($"target field '{field}': {problem}");
}
