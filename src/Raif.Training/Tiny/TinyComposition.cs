namespace Raif.Training.Tiny;

/// <summary>How the constraints of an instruction are composed (spec §2.3).</summary>
public enum TinyComposition
{
    /// <summary>All constraints hold at once.</summary>
    And,

    /// <summary>A step's result feeds the next (e.g. "find the second animal, then start your answer with it").</summary>
    Chain,

    /// <summary>A condition on the input picks one of two branches; only the chosen branch is checked.</summary>
    Selection,
}
