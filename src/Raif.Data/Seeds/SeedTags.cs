namespace Raif.Data.Seeds;

/// <summary>A seed's topic tags (from <see cref="SeedTopics.All"/>) and its open-ended ability tags (lower case).</summary>
public sealed record SeedTags(IReadOnlyList<string> Topics, IReadOnlyList<string> Abilities);

/// <summary>The topic tags of spec §3.1 (the authors' summary of InsTag's ability tags) and the paper's topic filter.</summary>
public static class SeedTopics
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Problem Solving", "NLP and Understanding", "Info Processing", "Logic & Reasoning", "Programming & Dev",
        "Creativity & Design", "Data Science", "Math skills", "Linguistics & Multiculturalism", "Knowledge Q&A",
        "Education & Consulting", "Communication & Social Media", "Humanities & Social Sciences", "Research",
        "Project Management", "Literary & Artistic Knowledge", "STEM", "Finance & Business", "Task Generation",
        "Medical & Health", "Life Skills", "Legal Knowledge", "Psychology", "Task Completion", "Law & Safety",
        "Politics, Military Strategy & Security",
    ];

    /// <summary>The topics whose seeds the paper keeps (spec §3.1 step 3).</summary>
    public static IReadOnlyList<string> PaperFilter { get; } = ["Problem Solving", "NLP and Understanding", "Info Processing", "Creativity & Design"];
}
