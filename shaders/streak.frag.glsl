#version 330 core
in float v_fade;
flat in vec3 v_color;
flat in float v_alpha;
out vec4 o_color;

void main()
{
    o_color = vec4(v_color * (v_fade * v_fade * 1.4) * v_alpha, 1.0);
}
