using Raif.Tests.Shared;
using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.Tests.IfBench;

/// <summary>Every instruction of both IFBench test files compiles: ids and kwargs exactly as upstream's data has them.</summary>
public class DataFileTests
{
    [SkippableTheory]
    [InlineData("IFBench_test_8a66c06.jsonl", 294, 335, 57)]
    [InlineData("IFBench_test.jsonl", 300, 344, 58)]
    public void Every_instruction_of_the_test_file_compiles(string file, int prompts, int instructions, int ids)
    {
        var inputs = IfevalFiles.ReadInputs(TestDataFolder.External("ifbench", file));
        var evaluator = new IfevalEvaluator(registry: IfBenchRegistry.Default);
        foreach (var input in inputs)
            Assert.Equal(input.InstructionIds.Count, evaluator.Compile(input.InstructionIds, input.Kwargs).Count);
        // Counts from shared/data/ifbench/README.md.
        Assert.Equal(prompts, inputs.Count);
        Assert.Equal(instructions, inputs.Sum(i => i.InstructionIds.Count));
        Assert.Equal(ids, inputs.SelectMany(i => i.InstructionIds).Distinct().Count());
    }
}
