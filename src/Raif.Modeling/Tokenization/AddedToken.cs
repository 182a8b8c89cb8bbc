namespace Raif.Modeling.Tokenization;

/// <summary>
/// A token from <c>added_tokens</c>: matched on the raw text before BPE and never split. <see cref="Special"/>
/// tokens are dropped by decoding with skipSpecialTokens; <see cref="LStrip"/>/<see cref="RStrip"/> absorb the
/// whitespace beside the token, as the HF tokenizers library does.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip = false, bool RStrip = false);
