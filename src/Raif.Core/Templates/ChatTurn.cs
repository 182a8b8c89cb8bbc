namespace Raif.Core.Templates;

/// <summary>Who speaks a chat turn.</summary>
public enum ChatRole
{
    System,
    User,
    Assistant,
}

/// <summary>One turn of a conversation to render.</summary>
public sealed record ChatTurn(ChatRole Role, string Content)
{
    public static ChatTurn System(string content) => new(ChatRole.System, content);

    public static ChatTurn User(string content) => new(ChatRole.User, content);

    public static ChatTurn Assistant(string content) => new(ChatRole.Assistant, content);
}
