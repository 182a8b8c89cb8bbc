namespace Raif.Data.Pipeline;

/// <summary>A problem in the pipeline configuration; the message names the file, the line when known, and the key.</summary>
public sealed class PipelineConfigException(string message) : Exception(message);
