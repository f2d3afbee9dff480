using System.Globalization;

namespace Warning.Publication.Texts;

/// <summary>
/// Splits a Chinese SMS the way a UCS-2 SMS is carried: up to 70 characters in one message, otherwise concatenated
/// segments of 67 (the user-data header takes the rest). Counts UTF-16 units, as UCS-2 does, and never splits a
/// surrogate pair or a combined character across segments.
/// </summary>
public static class SmsSegments
{
    public const int Single = 70;
    public const int Concatenated = 67;

    public static IReadOnlyList<string> Split(string text)
    {
        if (text.Length <= Single) return [text];
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (current.Length + element.Length > Concatenated)
            {
                segments.Add(current.ToString());
                current.Clear();
            }
            current.Append(element);
        }
        if (current.Length > 0) segments.Add(current.ToString());
        return segments;
    }
}
