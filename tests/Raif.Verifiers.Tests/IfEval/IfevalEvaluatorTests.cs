using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>The evaluation rules of the official <c>evaluation_lib</c>: blank responses, the loose variants, compilation.</summary>
public class IfevalEvaluatorTests
{
    private readonly IfevalEvaluator _evaluator = new();

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t\r\n\u3000")]
    [InlineData("\u001f")] // whitespace to Python, not to .NET's Trim()
    public void A_blank_response_follows_nothing_even_where_the_checker_alone_would_pass(string response)
    {
        var set = _evaluator.Compile([IfevalIds.NoComma, IfevalIds.NumberWords], [Kwargs.Empty, Kwargs.Parse("""{"num_words": 5, "relation": "less than"}""")]);
        Assert.True(InstructionRegistry.Default.Create(IfevalIds.NoComma, Kwargs.Empty, new()).Check(response));
        Assert.Equal([false, false], _evaluator.FollowStrict(set, response));
        Assert.Equal([false, false], _evaluator.FollowLoose(set, response));
    }

    [Fact]
    public void Loose_mode_passes_when_removing_asterisks_fixes_the_ending()
    {
        var set = _evaluator.Compile([IfevalIds.EndChecker], [Kwargs.Parse("""{"end_phrase": "Any other questions?"}""")]);
        const string response = "Here is the answer.\n**Any other questions?**";
        Assert.Equal([false], _evaluator.FollowStrict(set, response));
        Assert.Equal([true], _evaluator.FollowLoose(set, response));
    }

    [Fact]
    public void Loose_mode_passes_when_dropping_an_introductory_first_line()
    {
        var set = _evaluator.Compile([IfevalIds.RepeatPrompt], [Kwargs.Parse("""{"prompt_to_repeat": "Write a poem."}""")]);
        const string response = "Sure, here you go:\nWrite a poem.\nRoses are red.";
        Assert.Equal([false], _evaluator.FollowStrict(set, response));
        Assert.Equal([true], _evaluator.FollowLoose(set, response));
    }

    [Fact]
    public void Loose_mode_passes_when_dropping_a_closing_last_line()
    {
        var set = _evaluator.Compile([IfevalIds.Quotation], [Kwargs.Empty]);
        const string response = "\"A quoted answer.\"\nHope this helps!";
        Assert.Equal([false], _evaluator.FollowStrict(set, response));
        Assert.Equal([true], _evaluator.FollowLoose(set, response));
    }

    [Fact]
    public void Loose_mode_still_fails_when_no_variant_passes()
    {
        var set = _evaluator.Compile([IfevalIds.NoComma], [Kwargs.Empty]);
        Assert.Equal([false], _evaluator.FollowLoose(set, "first, line\nsecond, line\nthird, line"));
    }

    [Fact]
    public void Verdicts_come_back_one_per_instruction_in_order()
    {
        var set = _evaluator.Compile(
            [IfevalIds.NoComma, IfevalIds.Quotation, IfevalIds.ConstrainedResponse],
            [Kwargs.Empty, Kwargs.Empty, Kwargs.Empty]);
        Assert.Equal(3, set.Count);
        Assert.Equal([IfevalIds.NoComma, IfevalIds.Quotation, IfevalIds.ConstrainedResponse], set.Ids);
        Assert.Equal([true, false, true], _evaluator.FollowStrict(set, "My answer is yes."));
    }

    [Fact]
    public void Ids_and_kwargs_must_pair_up()
    {
        var e = Assert.Throws<ArgumentException>(() => _evaluator.Compile([IfevalIds.NoComma, IfevalIds.Title], [Kwargs.Empty]));
        Assert.Contains("2 instruction ids but 1 kwargs", e.Message);
    }

    [Fact]
    public void Evaluation_in_parallel_gives_the_same_verdicts_as_one_thread()
    {
        var inputs = IfevalFiles.ReadInputs(TestData.InputData).Take(120).ToList();
        var responses = IfevalFiles.ReadResponses(TestData.Gpt4Responses);
        var parallel = IfevalRun.Evaluate(_evaluator, inputs, responses);
        var sequential = IfevalRun.Evaluate(_evaluator, inputs, responses, maxDegreeOfParallelism: 1);
        for (int i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(sequential.Strict[i].FollowInstructionList, parallel.Strict[i].FollowInstructionList);
            Assert.Equal(sequential.Loose[i].FollowInstructionList, parallel.Loose[i].FollowInstructionList);
        }
    }

    [Fact]
    public void Follow_gives_the_strict_verdicts_and_the_verdicts_of_the_plain_loose_loop()
    {
        // The plain loop of the official evaluation_lib: every variant, in order, until one passes.
        var inputs = IfevalFiles.ReadInputs(TestData.InputData).Where(i => !i.InstructionIds.Any(IsLanguageDependent)).Take(200).ToList();
        var responses = IfevalFiles.ReadResponses(TestData.Gpt4Responses);
        int looseOnly = 0;
        foreach (var input in inputs)
        {
            var set = _evaluator.Compile(input.InstructionIds, input.Kwargs);
            string response = responses[input.Prompt];
            var verdicts = _evaluator.Follow(set, response);
            Assert.Equal(_evaluator.FollowStrict(set, response), verdicts.Strict);
            var plain = new bool[set.Count];
            for (int i = 0; i < set.Count; i++)
            {
                var checker = InstructionRegistry.Default.Create(input.InstructionIds[i], input.Kwargs[i], new IfevalOptions());
                plain[i] = PlainLooseVariants(response).Any(v => Raif.Core.Text.PyStr.Strip(v).Length > 0 && checker.Check(v));
            }
            Assert.Equal(plain, verdicts.Loose);
            looseOnly += verdicts.Loose.Zip(verdicts.Strict).Count(p => p.First && !p.Second);
        }
        Assert.True(looseOnly > 0); // the sample exercises the loose variants
    }

    private static bool IsLanguageDependent(string id) =>
        id is IfevalIds.ResponseLanguage or IfevalIds.EnglishCapital or IfevalIds.EnglishLowercase;

    // evaluation_lib.test_instruction_following_loose, written out with Python's list operations.
    private static IEnumerable<string> PlainLooseVariants(string response)
    {
        var r = response.Split('\n');
        string first = Raif.Core.Text.PyStr.Strip(string.Join("\n", r.Skip(1)));
        string last = Raif.Core.Text.PyStr.Strip(string.Join("\n", r.Take(r.Length - 1)));
        string both = Raif.Core.Text.PyStr.Strip(string.Join("\n", r.Skip(1).Take(Math.Max(0, r.Length - 2))));
        return [response, response.Replace("*", ""), first, last, both, first.Replace("*", ""), last.Replace("*", ""), both.Replace("*", "")];
    }
}
