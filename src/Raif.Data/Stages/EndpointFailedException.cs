namespace Raif.Data.Stages;

/// <summary>
/// A model endpoint kept failing (after its retries) while a stage ran: the stage stops, and what it finished stays
/// in its journal, so the same command resumes where it stopped.
/// </summary>
public sealed class EndpointFailedException(string endpoint, string recordId, string journalPath, Exception inner)
    : Exception($"the {endpoint} failed on record {recordId} after its retries: {inner.Message}. "
        + $"Records finished so far are kept in {journalPath}; run the same command again to resume.", inner)
{
    /// <summary>Which endpoint failed, e.g. "expert" or "judge".</summary>
    public string Endpoint { get; } = endpoint;

    public string RecordId { get; } = recordId;

    public string JournalPath { get; } = journalPath;
}
