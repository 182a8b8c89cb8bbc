using Raif.Data.Checklist;

namespace Raif.Data.Tests.Checklist;

public sealed class YesNoQuestionTests
{
    [Theory]
    [InlineData("Does the response include both quantitative data and qualitative insights?")] // paper Fig. 14
    [InlineData("Is the review between 200 and 300 words long?")]
    [InlineData("Has the email been signed with the sender's name?")]
    [InlineData("回答是否给出了三条建议？")]
    [InlineData("文案以一句引导下单的话结尾吗？")]
    [InlineData("回答中有没有提到价格?")]
    public void Yes_no_questions_are_accepted(string question) => Assert.Null(YesNoQuestion.Problem(question));

    [Theory]
    [InlineData("What is the main argument of the response?", "not a YES/NO question")]
    [InlineData("Which of the two designs does the response prefer?", "not a YES/NO question")]
    [InlineData("Does the response include a title.", "question mark")]
    [InlineData("回答给出了几条建议？", "not a YES/NO question")]
    [InlineData("回答是否给出了三条建议", "question mark")]
    [InlineData("  ", "empty")]
    public void Other_questions_are_refused_with_the_reason(string question, string reason) =>
        Assert.Contains(reason, YesNoQuestion.Problem(question));
}
