namespace Warning.Publication.Authorities;

/// <summary>One problem in <c>config/authorities.yaml</c>: the file, the line, the field and what was expected.</summary>
public sealed record AuthorityError(string File, int Line, string Field, string Problem)
{
    /// <summary><c>{file} line {n}: {field}: {problem}</c>; a problem of the whole file (missing, unreadable: line 0) as <c>{file}: {problem}</c>.</summary>
    public override string ToString() => Line > 0 ? $"{File} line {Line}: {Field}: {Problem}" : $"{File}: {Problem}";
}
