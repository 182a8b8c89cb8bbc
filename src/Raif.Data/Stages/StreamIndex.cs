namespace Raif.Data.Stages;

/// <summary>
/// A random-stream index for one record of a model stage: 63 bits of a content id over the stage and the record's
/// id, so a record's random choices depend on what it is, not on its line number or on which records ran first.
/// </summary>
public static class StreamIndex
{
    public static long Of(string stage, string id) => (long)(Convert.ToUInt64(ContentId.Of(stage, id)[..16], 16) >> 1);
}
