using System.Text.Json;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_format:number_bullet_lists</c>: the matches of <c>^\s*\*[^\*].*$</c> plus those of <c>^\s*-.*$</c>
/// (MULTILINE) must number exactly <c>num_bullets</c>. As in Python, <c>\s*</c> may run over blank lines and
/// <c>[^\*]</c> may be a newline (see <see cref="PyFindall.CountBulletLines"/>).
/// </summary>
internal sealed class NumberBulletListsChecker(long expected) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options) =>
        new NumberBulletListsChecker(new InstructionArgs(IfevalIds.NumberBulletLists, kwargs, "num_bullets").Int("num_bullets"));

    public bool Check(string response) => PyFindall.CountBulletLines(response, '*') + PyFindall.CountBulletLines(response, '-') == expected;
}
