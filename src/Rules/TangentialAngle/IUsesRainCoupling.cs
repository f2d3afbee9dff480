namespace Warning.Rules.TangentialAngle;

/// <summary>A landslide rule coupled to a rain gauge (param <c>rainSensor</c>): the host gives that gauge's 24 h rain.</summary>
public interface IUsesRainCoupling
{
    string? RainSensor { get; }

    /// <summary>Rain in the 24 h before the reading at the coupled gauge; null when unknown.</summary>
    double? CoupledRain { get; set; }
}
