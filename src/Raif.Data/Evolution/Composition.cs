namespace Raif.Data.Evolution;

/// <summary>How the constraints are combined with the seed task (spec §2.3).</summary>
public enum Composition
{
    /// <summary>All constraints hold at once, listed after the task.</summary>
    And,

    /// <summary>Ordered steps: the task first, then revisions that each add one constraint; the final result is checked.</summary>
    Chain,

    /// <summary>A condition about the request picks one of two branches; only the chosen branch's constraints are checked.</summary>
    Selection,
}
