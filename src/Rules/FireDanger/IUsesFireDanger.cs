namespace Warning.Rules.FireDanger;

/// <summary>A rule whose level depends on its region's forest-fire danger level (I–V) on the reading's day.</summary>
public interface IUsesFireDanger
{
    /// <summary>Set by the host before each observation; null when no danger level is known for that day.</summary>
    int? FireDanger { get; set; }
}
