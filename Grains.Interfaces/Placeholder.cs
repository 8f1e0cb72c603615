namespace Smgw.Interfaces; public static class Placeholder {}
