#version 330 core
in float v_t;
out vec4 o_color;

void main()
{
    float k = 1.0 - v_t;
    o_color = vec4(vec3(0.10, 0.24, 1.00) * (k * k * k * 0.55 + k * k * 0.08), 1.0);
}
