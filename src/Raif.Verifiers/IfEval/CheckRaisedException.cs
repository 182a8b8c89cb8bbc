namespace Raif.Verifiers.IfEval;

/// <summary>
/// Thrown by a checker where the reference Python code raises on a response (IFBench's 2025 checkers index empty
/// lists and divide by zero on some texts). The evaluator turns it into "not followed" and reports it in
/// <see cref="IfevalVerdicts.Raised"/>; it never escapes an evaluation.
/// </summary>
public sealed class CheckRaisedException(string pythonError, string detail) : Exception($"{pythonError}: {detail}")
{
    /// <summary>The Python exception type the reference code raises, e.g. <c>IndexError</c>.</summary>
    public string PythonError { get; } = pythonError;

    public static CheckRaisedException IndexError(string detail) => new("IndexError", detail);

    public static CheckRaisedException ZeroDivisionError(string detail) => new("ZeroDivisionError", detail);
}

/// <summary>One check that raised in the reference code: instruction <see cref="Index"/> of the prompt, in strict or
/// loose mode (loose stops at the first variant that raises, as the Python loop would).</summary>
public sealed record RaisedCheck(int Index, string InstructionId, bool Loose, string Error);
