namespace Raif.Rewards;

/// <summary>
/// The answer reward of a checklist (spec §6.1, paper Eq. 5): +2 when every check passes, −2 when none does, the
/// passed fraction k/n in (0, 1) otherwise. The fraction is deliberately not rescaled into (−2, 2).
/// </summary>
public static class PartialCredit
{
    public const double AllPassed = 2.0;
    public const double NonePassed = -2.0;

    /// <summary>The answer reward for <paramref name="passed"/> of <paramref name="total"/> checks.</summary>
    public static double Reward(int passed, int total)
    {
        Validate(passed, total);
        if (passed == total)
            return AllPassed;
        if (passed == 0)
            return NonePassed;
        return (double)passed / total;
    }

    /// <summary>The accuracy metric: 1, 0, or k/n.</summary>
    public static double Accuracy(int passed, int total)
    {
        Validate(passed, total);
        return (double)passed / total;
    }

    private static void Validate(int passed, int total)
    {
        if (total <= 0)
            throw new ArgumentOutOfRangeException(nameof(total), total, "a checklist needs at least one check");
        if (passed < 0 || passed > total)
            throw new ArgumentOutOfRangeException(nameof(passed), passed, $"must be between 0 and {total}");
    }
}
