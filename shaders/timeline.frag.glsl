#version 330 core
// Replay timeline: the colour as given (alpha blended over the scene).
in vec4 v_colour;
out vec4 o_colour;

void main()
{
    o_colour = v_colour;
}
