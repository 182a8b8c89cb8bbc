using System.Text.Json.Nodes;
using Raif.Evaluation.Benchmarks.ComplexBench;

namespace Raif.Evaluation.Tests.Benchmarks.ComplexBench;

/// <summary>upstream evaluation/aggregation.py (749f457) worked by hand on small entries.</summary>
public sealed class ComplexBenchAggregationTests
{
    private const ComplexBenchVerdict T = ComplexBenchVerdict.True, F = ComplexBenchVerdict.False, U = ComplexBenchVerdict.Undecidable;

    private static ComplexBenchQuestion Q(string dimension, int[] dep, params string[] compositions) => new([dimension], compositions, dep);

    [Fact]
    public void A_false_dependency_fails_its_dependents_but_a_2_does_not()
    {
        var entry = new ComplexBenchEntry(0, null, "Chain_1", "Open-ended Questions", ["Chain"],
            [Q("Keywords", []), Q("Length", [0]), Q("Topic", []), Q("Template", [2])]);
        Assert.Equal([F, F, U, T], ComplexBenchAggregation.Rely(entry, [F, T, U, T]));
    }

    [Fact]
    public void Verdict_2_counts_as_met_per_dimension_as_unmet_overall_and_as_passing_the_coherent_test()
    {
        // Group g1 of two Selection_1 entries (selection depth 1), one And entry without a group, and group g2
        // with one Selection_2 entry (depth 2; upstream divides by zero without such a group).
        var a = new ComplexBenchEntry(0, "g1", "Selection_1", "Creative Writing", ["Selection"], [Q("Keywords", [], "Selection"), Q("Length", [])]);
        var b = new ComplexBenchEntry(1, "g1", "Selection_1", "Creative Writing", ["Selection"], [Q("Keywords", [], "Selection"), Q("Length", [])]);
        var c = new ComplexBenchEntry(2, null, "And", "Practical Writing", ["And"], [Q("Topic", [])]);
        var d = new ComplexBenchEntry(3, "g2", "Selection_2", "Creative Writing", ["Selection"], [Q("Keywords", [], "Selection"), Q("Keywords", [], "Selection")]);
        var stats = ComplexBenchAggregation.Statistics([a, b, c, d], [[T, U], [T, T], [F], [T, T]]);

        // overall: == True counts 5 of 7 (the 2 is not True).
        Assert.Equal(5.0 / 7, (double)stats["overall_drfr"]!, 1e-12);
        // Length: truthy counts the 2 -> 2 of 2; Structure type likewise; Semantic (Topic) 0 of 1.
        var each = (JsonObject)stats["each_constraint_dimensions_and_composition_types_acc"]!;
        Assert.Equal(1.0, (double)each["Length"]!, 1e-12);
        Assert.Equal(1.0, (double)each["Selection"]!, 1e-12);
        Assert.Equal(0.0, (double)((JsonObject)stats["constraint_types_and_composition_types_acc"]!)["Semantic"]!, 1e-12);
        // categorized: Selection_1 counts == True: 3 of 4.
        Assert.Equal(0.75, (double)((JsonObject)stats["categorized_drfr"]!)["Selection_1"]!, 1e-12);
        // coherent test (== False fails): both g1 samples pass, so origin 2/2 and coherent 1/1, drop 0.
        Assert.Equal(1.0, (double)stats["single_origin_test"]!, 1e-12);
        Assert.Equal(1.0, (double)stats["single_coherent_test"]!, 1e-12);
        Assert.Equal(0.0, (double)stats["single_relative_drop"]!, 1e-12);
        Assert.Equal(1.0, (double)stats["multiple_coherent_test"]!, 1e-12);
    }

    [Fact]
    public void Without_a_multiple_selection_group_upstream_divides_by_zero_and_so_do_we()
    {
        var a = new ComplexBenchEntry(0, "g1", "Selection_1", "Creative Writing", ["Selection"], [Q("Keywords", [], "Selection")]);
        Assert.Throws<InvalidDataException>(() => ComplexBenchAggregation.Statistics([a], [[T]]));
    }
}
