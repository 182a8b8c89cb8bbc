namespace Raif.Training.Data;

/// <summary>Token ids of a prompt followed by a response; the loss covers tokens from <see cref="LossStart"/> on.</summary>
public sealed record TokenizedSequence(int[] Ids, int LossStart)
{
    public int ResponseLength => Ids.Length - LossStart;
}
