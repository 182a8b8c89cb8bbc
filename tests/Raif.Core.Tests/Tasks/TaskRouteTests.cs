using Raif.Core.Tasks;

namespace Raif.Core.Tests.Tasks;

public class TaskRouteTests
{
    [Theory]
    [InlineData(null, TaskKind.Maths, false)]
    [InlineData("", TaskKind.Maths, false)]
    [InlineData("default", TaskKind.Maths, false)]
    [InlineData("ifeval", TaskKind.IfEval, false)]
    [InlineData("ifeval_zh", TaskKind.IfEval, false)]
    [InlineData("ifevalwoFormat", TaskKind.IfEval, true)]
    [InlineData("ifbench", TaskKind.IfEval, false)]
    [InlineData("ifbench_ood_woFormat", TaskKind.IfEval, true)]
    [InlineData("complex", TaskKind.Complex, false)]
    [InlineData("complex_en_woFormat", TaskKind.Complex, true)]
    [InlineData("kk", TaskKind.KnightsAndKnaves, false)]
    public void Tasks_route_by_prefix_and_suffix(string? task, TaskKind kind, bool withoutFormat)
    {
        var route = TaskRoute.Parse(task);
        Assert.Equal(kind, route.Kind);
        Assert.Equal(withoutFormat, route.WithoutFormat);
    }

    [Theory]
    [InlineData("math")]
    [InlineData("Default")]
    [InlineData("defaults")]
    [InlineData("IFEval")]
    public void Anything_else_is_an_error(string task)
    {
        var e = Assert.Throws<ArgumentException>(() => TaskRoute.Parse(task));
        Assert.Contains(task, e.Message);
    }

    [Theory]
    [InlineData("ifbench", true)]
    [InlineData("ifbench_mix", true)]
    [InlineData("ifeval", false)]
    [InlineData("complex", false)]
    public void Ifbench_tasks_are_constraint_tasks_that_allow_ifbench_ids(string task, bool isIfBench) =>
        Assert.Equal(isIfBench, TaskRoute.Parse(task).IsIfBench);

    [Fact]
    public void Only_instruction_tasks_get_no_cot_rollouts()
    {
        Assert.True(TaskRoute.Parse("ifeval").HasNoCotRollouts);
        Assert.True(TaskRoute.Parse("complex").HasNoCotRollouts);
        Assert.True(TaskRoute.Parse("ifbench").HasNoCotRollouts);
        Assert.False(TaskRoute.Parse("default").HasNoCotRollouts);
        Assert.False(TaskRoute.Parse("kk").HasNoCotRollouts);
    }
}
