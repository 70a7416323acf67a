namespace Deliberate.Engine.Tests;

public class EngineInfoTests
{
    [Fact]
    public void ProductNameIsLowercaseAscii() => Assert.Matches("^[a-z]+$", EngineInfo.ProductName);
}
