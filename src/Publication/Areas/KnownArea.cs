namespace Warning.Publication.Areas;

/// <summary>
/// An area as publication knows it from the records (<c>PUT /api/areas/{code}</c>): its name for CAP's
/// <c>areaDesc</c> and its boundary, when given, for CAP's <c>polygon</c>. Passed in: publication reads no database.
/// </summary>
public sealed record KnownArea(string Code, string Name, AreaBoundary? Boundary);
