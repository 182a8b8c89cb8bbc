using Raif.Core.Templates;

namespace Raif.Core.Responses;

/// <summary>
/// A decoded sequence split into what the model was given and what it produced (spec §5.4). The model output
/// starts at the pre-filled <c>&lt;think&gt;</c> and is cut at the first stop string.
/// </summary>
public sealed record ResponseSegment(ChatTemplate Template, string ModelInput, string ModelOutput);
