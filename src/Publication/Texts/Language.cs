namespace Warning.Publication.Texts;

/// <summary>The two languages every public text is written in: Chinese first, English beside it.</summary>
public enum Language
{
    Chinese,
    English,
}
