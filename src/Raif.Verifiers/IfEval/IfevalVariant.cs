namespace Raif.Verifiers.IfEval;

/// <summary>Which checker semantics to apply.</summary>
public enum IfevalVariant
{
    /// <summary>Google's IFEval evaluator (google-research instruction_following_eval), verdict for verdict.</summary>
    Official,

    /// <summary>
    /// RAIF's changes to the checkers: keywords (existence, frequency, forbidden words) are literal text with regex
    /// metacharacters escaped; <c>combination:repeat_prompt</c> also accepts the prompt after one leading quote
    /// (' or "); <c>detectable_format:json_format</c> strips the fence with <c>lstrip</c>/<c>rstrip</c> character
    /// sets instead of prefix removal; <c>language:response_language</c> also accepts <c>zh-cn</c> and <c>zh-tw</c>.
    /// </summary>
    Raif,
}
