namespace Warning.Silo.Replay;

/// <summary>How a sensor's readings may be ordered against other sensors' in a replay (<see cref="ReplayOrder"/>).</summary>
public enum ReplayRole
{
    /// <summary>Neither asks nor tells other sensors (a rain gauge, a detector outside any source): its own order alone matters.</summary>
    Alone,

    /// <summary>Asks or tells other sensors of its kind (a camera its area, a detector its source) or is unknown: in order with them.</summary>
    InOrder,

    /// <summary>Asks a sensor that goes alone at its own step (a landslide point coupled to a rain gauge): that sensor must be exactly there.</summary>
    AsksAlone,
}
