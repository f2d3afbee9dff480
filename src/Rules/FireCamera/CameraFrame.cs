namespace Warning.Rules.FireCamera;

/// <summary>One analysed frame: its event time and the detector's smoke and fire confidence.</summary>
public sealed record CameraFrame(DateTimeOffset Ts, double Smoke, double Fire);
