namespace Warning.Publication.Authorities;

/// <summary>One problem in <c>config/authorities.yaml</c>: the file, the line, the field and what was expected.</summary>
public sealed record AuthorityError(string File, int Line, string Field, string Problem)
{
    public override string ToString() => $"{File} line {Line}: {Field}: {Problem}";
}
