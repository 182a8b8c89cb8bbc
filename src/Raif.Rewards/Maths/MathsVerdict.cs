namespace Raif.Rewards.Maths;

/// <summary>What the maths check found: whether a boxed answer exists, the compared texts and the outcome.</summary>
public sealed record MathsVerdict(bool HasBoxed, string Prediction, string Reference, bool Equal, bool TimedOut)
{
    public const double EqualReward = 2.0;
    public const double NotEqualReward = -1.5;
    public const double NoBoxedReward = -2.0;

    /// <summary>Credited as correct: a boxed answer equal to the reference (an unboxed fallback answer never counts).</summary>
    public bool Correct => HasBoxed && Equal;

    /// <summary>+2 equal, −1.5 not equal (a timeout counts as not equal), −2 without <c>boxed</c> (spec §6.6).</summary>
    public double AnswerReward => !HasBoxed ? NoBoxedReward : Equal ? EqualReward : NotEqualReward;

    /// <summary>A short audit line.</summary>
    public string Describe()
    {
        if (!HasBoxed)
            return "maths: no \\boxed answer";
        if (TimedOut)
            return $"maths: timed out comparing '{Shorten(Prediction)}' with '{Shorten(Reference)}'";
        return Equal
            ? $"maths: equal ('{Shorten(Prediction)}')"
            : $"maths: not equal ('{Shorten(Prediction)}' vs '{Shorten(Reference)}')";
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
